import { prefixFuzzShard } from './prefix-fuzz.js';

prefixFuzzShard(2, 3);
