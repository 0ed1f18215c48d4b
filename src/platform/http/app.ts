// Builds the Fastify application. Tests call buildApp({ db }) and talk to it with inject().
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
} from 'fastify';
import type { Config } from '../../config.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import type { ModuleManifest } from '../module.ts';
import { errorHandler, errorBody, AppError, toAppError } from './errors.ts';
import { idempotencyPlugin } from './idempotency.ts';
import { inputGuardPlugin } from './input-guard.ts';
import { metricsPlugin } from './metrics.ts';
import { applySecurityHeaders, securityHeadersPlugin } from './security-headers.ts';
import { ErrorResponse } from './schemas.ts';
import { validatorCompiler } from './validation.ts';
import { healthRoutes } from './health.ts';
import { webPlugin } from './web.ts';

export interface AppContext {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'publicUrl'> & Partial<Config>;
  /** The modules this app was built from (src/app/modules.ts), for kernel-wide contributions. */
  modules: readonly ModuleManifest[];
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    /** Every route as registered, with its schemas: what the hostile-input and role suites are generated from. */
    routeTable: RouteEntry[];
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  schema: Record<string, unknown> | undefined;
  config: Record<string, unknown> | undefined;
  bodyLimit: number | undefined;
}

export interface BuildAppOptions {
  db: Db;
  /** The modules to serve, in order (src/app/modules.ts). */
  modules: readonly ModuleManifest[];
  clock?: Clock;
  config?: AppContext['config'];
  /** A pino logger; tests run silent. */
  logger?: FastifyBaseLogger;
  /** Where the built web apps are (default web/dist); false serves no web app. */
  webDist?: string | false;
}

type JsonSchema = Record<string, unknown>;

/** Request schemas reject unknown fields unless a schema explicitly allows them. */
function closeObjects(schema: JsonSchema | undefined): void {
  if (!schema || typeof schema !== 'object') return;
  if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) {
    schema.additionalProperties = false;
  }
  for (const key of ['properties', 'patternProperties']) {
    const props = schema[key] as Record<string, JsonSchema> | undefined;
    if (props) for (const child of Object.values(props)) closeObjects(child);
  }
  for (const key of ['items', 'additionalProperties']) {
    const child = schema[key];
    if (child && typeof child === 'object') closeObjects(child as JsonSchema);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const list = schema[key] as JsonSchema[] | undefined;
    if (list) for (const child of list) closeObjects(child);
  }
}

const ERROR_STATUSES = ['400', '401', '403', '404', '409', '422', '429'];

/** A module's routes in one encapsulated context that checks each route names a permission the module declares. */
function moduleRoutes(module: ModuleManifest): FastifyPluginAsync {
  return async (scope) => {
    const declared = new Set(module.permissions ?? []);
    scope.addHook('onRoute', (route) => {
      const permission = (route.config as { auth?: { permission?: string } } | undefined)?.auth?.permission;
      if (permission !== undefined && !declared.has(permission)) {
        throw new Error(
          `Route ${route.method} ${route.url} needs "${permission}", which the ${module.name} module does not declare`,
        );
      }
    });
    for (const routes of module.routes ?? []) await scope.register(routes);
  };
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: 1_048_576,
    // Signed links carry their token in the path (/confirm/:token, /u/:token); the default limit is 100.
    routerOptions: { maxParamLength: 1000 },
    // X-Forwarded-For is believed only from the configured proxies (MOADON_TRUSTED_PROXIES); from anyone
    // else request.ip is the socket's peer, so per-IP limits and consent proof cannot be spoofed.
    // A URL that is not valid percent-encoding never reaches a route: answer in our error model all the same.
    frameworkErrors: (error, request, reply) => {
      applySecurityHeaders(request, reply as unknown as FastifyReply);
      const appError = toAppError(error) ?? new AppError('bad_request', 400, 'The request is malformed');
      void (reply as unknown as FastifyReply).code(appError.status).send(errorBody(appError));
    },
    trustProxy: options.config?.trustedProxies?.length ? options.config.trustedProxies : false,
    ajv: { customOptions: {} },
  });
  app.decorate('ctx', {
    db: options.db,
    clock: options.clock ?? systemClock,
    config: options.config ?? { publicUrl: 'http://localhost:3000' },
    modules: options.modules,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    const err = new AppError(
      'route_not_found',
      404,
      `No route ${request.method} ${request.url.split('?')[0]}`,
    );
    return reply.code(404).send(errorBody(err));
  });

  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      routeTable.push({
        method,
        url: route.url,
        schema: route.schema as Record<string, unknown> | undefined,
        config: route.config as Record<string, unknown> | undefined,
        bodyLimit: route.bodyLimit,
      });
    }
    if (!route.schema) return;
    const schema = route.schema as Record<string, unknown>;
    for (const part of ['body', 'querystring', 'params', 'headers'] as const) {
      if (part !== 'headers') closeObjects(schema[part] as JsonSchema | undefined);
    }
    const response = (schema.response ?? {}) as Record<string, unknown>;
    for (const status of ERROR_STATUSES) response[status] ??= { $ref: 'ErrorResponse#' };
    schema.response = response;
  });

  app.addSchema(ErrorResponse);
  await app.register(securityHeadersPlugin);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Moadon API',
        version: '0.1.0',
        description:
          'Customer club platform. Errors are always `{ error: { code, message, details } }`. ' +
          'Write endpoints accept an `Idempotency-Key` header. Admin API: session cookie + X-CSRF-Token, or ' +
          '`Authorization: Bearer <API key>`.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'moadon_session' },
          writeKey: { type: 'http', scheme: 'basic' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(inputGuardPlugin);
  await app.register(cookie);
  await app.register(formbody);
  await app.register(metricsPlugin);
  for (const module of options.modules) for (const plugin of module.plugins ?? []) await app.register(plugin);
  await app.register(idempotencyPlugin);
  await app.register(healthRoutes);
  for (const module of options.modules) await app.register(moduleRoutes(module));
  if (options.webDist !== false) await app.register(webPlugin({ distDir: options.webDist }));
  app.get('/openapi.json', { config: { auth: { public: true } }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  return app;
}
