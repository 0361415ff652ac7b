import { prefixFuzzShard } from './prefix-fuzz.js';

prefixFuzzShard(1, 3);
