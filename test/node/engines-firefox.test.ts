/** The display checks in Firefox (ESR), driven over WebDriver BiDi. */
import { describeDisplayScenario } from '../support/display-scenario.js';
import { firefox } from '../support/engines.js';

describeDisplayScenario(firefox, { expectBuild: 'customer-display.js' });
