export {
  createProgram,
  getProgram,
  listPrograms,
  updateProgram,
  type Program,
  type ProgramInput,
} from './service.ts';
