// Map bridge entry: imports bridge.js from static files (see geo/app/bridge.py).
let bridge = null;
export default function (component) {
  bridge = bridge || import(new URL(component.data.module, window.location.origin).href);
  bridge.then((module) => module.default(component));
}
