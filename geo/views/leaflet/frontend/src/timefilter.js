/* Entry of the map bundle (assets/timefilter.js): window.TdaTimeFilter.mount. */
import {mount} from "./map/index.js";

window.TdaTimeFilter = {mount: mount};
