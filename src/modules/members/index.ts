// The members module's public surface. Other modules import only from here.
export { getMember, memberView, type Member } from './service.ts';
