/** Imported first by the production entry: every module loaded after this one uses the compile cache. */
import { enableCompileCache } from './compileCache';

enableCompileCache();
