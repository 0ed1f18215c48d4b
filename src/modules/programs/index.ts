export {
  createProgram,
  findProgram,
  getProgram,
  listPrograms,
  updateProgram,
  type Program,
  type ProgramInput,
} from './service.ts';
