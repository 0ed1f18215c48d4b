// mjml 5 ships no types (@types/mjml describes v4, whose mjml2html was synchronous).
declare module 'mjml' {
  export interface MjmlError {
    line: number;
    message: string;
    tagName: string;
    formattedMessage: string;
  }
  export interface MjmlOptions {
    validationLevel?: 'strict' | 'soft' | 'skip';
    ignoreIncludes?: boolean;
    keepComments?: boolean;
    useMjmlConfigOptions?: boolean;
    fonts?: Record<string, string>;
    minify?: boolean;
    beautify?: boolean;
  }
  export default function mjml2html(
    input: string,
    options?: MjmlOptions,
  ): Promise<{ html: string; errors: MjmlError[] }>;
}
