/** Imported first by the production entry: every module loaded after this one uses Node's compile cache, where it has one. */
import { enableCompileCache } from './compileCache';

enableCompileCache();
