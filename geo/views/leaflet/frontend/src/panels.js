/* Entry of the panels bundle (assets/panels.js): window.TdaPanels. */
import {describe, fold} from "./panels/common.js";
import {Panels, start} from "./panels/index.js";

window.TdaPanels = {start: start, fold: fold, describe: describe, Panels: Panels};
