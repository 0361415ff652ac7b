/** The golden vectors, read as the runtime's tests read them (one loader for both packages). */
export { repoRoot, type VectorCase, vectorCases } from '../../../runtime/src/__tests__/vectors.js';
