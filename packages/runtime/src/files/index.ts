/**
 * `files/`: writing files safely. One atomic writer (a randomly named
 * temporary file created exclusively beside the target, flushed and renamed
 * over it) for every file wbrules writes, the clean-up of the temporary
 * files a killed writer leaves behind, and where a chain of symbolic links
 * ends. It knows nothing of what is written.
 *
 * May import: Node. Nothing from the other folders and nothing from
 * `@wbrules/*`.
 */

export { removeStaleTempFiles, type WriteFileAtomicOptions, writeFileAtomic } from './atomic-write.js';
export { linkTarget } from './link-target.js';
