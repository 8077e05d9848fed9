// The project's own ESLint rules: the architecture, checked rather than stated (see README, Architecture).
import { cycleRule } from './cycleRule.js';
import { layersRule } from './layersRule.js';

export default {
  meta: { name: 'markwatch' },
  rules: { layers: layersRule, 'no-cycle': cycleRule },
};
