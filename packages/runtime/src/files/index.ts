/**
 * `files/`: reading and writing the files wbrules works on. Reading: paths,
 * directories and globs expanded to files (`expandFiles`), each read as
 * UTF-8 text (`readTextFile`), and `check` and `compile` over them as
 * functions (`checkFiles`, `compileFiles`), as the command line does.
 * Writing: one atomic writer (a randomly named temporary file created
 * exclusively beside the target, flushed and renamed over it) for every file wbrules writes, the clean-up of the temporary
 * files a killed writer leaves behind, and where a chain of symbolic links
 * ends.
 *
 * May import: Node, tinyglobby, `@wbrules/compiler` and `@wbrules/dsl`.
 * Nothing from the other folders: `wbrules check` loads this entry, and it
 * must not load the GraphQL client or graphql.
 */

export {
  removeStaleTempFiles,
  type WriteFileAtomicOptions,
  writeFileAtomic,
  writeFileAtomicOverlapped,
} from './atomic-write.js';
export { linkTarget } from './link-target.js';
export {
  type CheckFilesResult,
  type CompiledEntry,
  type CompileFilesResult,
  checkFiles,
  compileFiles,
  type FilesOptions,
  readSourceFiles,
} from './compile-files.js';
export {
  type ExpandFilesOptions,
  expandFiles,
  filesUnder,
  globBase,
  isGlob,
  sourceExtension,
} from './expand-files.js';
export {
  decodeText,
  describeFsError,
  FileInputError,
  type FileInputProblem,
  type ReadTextOptions,
  readTextFile,
  stdinName,
  type TextFile,
} from './read-text.js';
