import { prefixFuzzShard } from './prefix-fuzz.js';

prefixFuzzShard(0, 3);
