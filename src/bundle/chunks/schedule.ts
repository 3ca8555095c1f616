/** Chunk `customer-display.schedule.js`: the schedule reader, loaded by a display with sleep hours or scheduled slides. */
import * as schedule from '../../components/schedule-controller.js';
import { registerChunk } from '../chunk-registry.js';

registerChunk('schedule', schedule);
