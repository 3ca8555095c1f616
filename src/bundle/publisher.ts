/** Entry of `dist/customer-display-publisher.js`: the cashier side, for classic-script cashier pages. */
import * as publisher from '../publisher/index.js';
import { exposeGlobally } from './global-api.js';

exposeGlobally(publisher);
