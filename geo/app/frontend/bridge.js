/* The app's map bridge (Streamlit custom component v2).
 *
 * Hosts the map page in an iframe and relays the tda:* postMessage protocol:
 * - page -> app: {type: "tda:state", state: S} becomes the component's state value
 *   "state", so Streamlit reruns and its panels follow what the map shows;
 * - app -> page: when Python sends a new `revision`, its `set` (a partial S) is posted as
 *   {type: "tda:set"} once the page is ready, without reloading the iframe.
 * - page -> app: {type: "tda:height", height: px} sizes the iframe to the page (like
 *   Datawrapper's responsive embed), so nothing scrolls inside it; a new page starts at
 *   the `height` Python gives (the map's height), which the page keeps for its map.
 * The iframe is created once per mount and reloaded only when `src` changes (language,
 * tiles, briefing layout). Messages are accepted only from the iframe's window and origin.
 */
const MIN_HEIGHT = 200;
const MAX_HEIGHT = 20000;
const mounts = new WeakMap();

function flush(entry) {
  if (!entry.ready || entry.pending === null || !entry.frame.contentWindow) { return; }
  entry.frame.contentWindow.postMessage({type: "tda:set", state: entry.pending},
                                        window.location.origin);
  entry.pending = null;
}

function create(parentElement, data) {
  const frame = document.createElement("iframe");
  frame.className = "tda-bridge-frame";
  frame.setAttribute("title", String(data.title || "Map"));
  frame.setAttribute("referrerpolicy", "no-referrer");
  frame.setAttribute("allow", "fullscreen");
  const host = parentElement.querySelector(".tda-bridge") || parentElement;
  host.appendChild(frame);
  const entry = {frame: frame, ready: false, pending: null, revision: null, src: null,
                 setStateValue: null, reports: 0, measured: null};
  const onMessage = (event) => {
    if (event.source !== frame.contentWindow || event.origin !== window.location.origin) {
      return;
    }
    const message = event.data;
    if (!message || typeof message !== "object") { return; }
    if (message.type === "tda:ready") {
      entry.ready = true;
      frame.dataset.ready = "1";
      flush(entry);
    } else if (message.type === "tda:height" && Number.isFinite(message.height)) {
      entry.measured = Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, message.height)));
      frame.style.height = `${entry.measured}px`;
    } else if (message.type === "tda:state" && message.state
               && typeof message.state === "object") {
      entry.reports += 1;
      frame.dataset.reports = String(entry.reports);
      entry.setStateValue("state", message.state);
    }
  };
  window.addEventListener("message", onMessage);
  entry.stop = () => window.removeEventListener("message", onMessage);
  mounts.set(parentElement, entry);
  return entry;
}

export default function (component) {
  const {data, setStateValue, parentElement} = component;
  const entry = mounts.get(parentElement) || create(parentElement, data);
  entry.setStateValue = setStateValue;
  if (entry.src !== data.src) {  // first mount or a new page: (re)load at the map's height
    entry.measured = null;
    entry.ready = false;
    entry.src = data.src;
    entry.revision = data.revision;
    entry.pending = null;
    entry.frame.dataset.ready = "0";
    entry.frame.src = data.src;
  }
  entry.frame.style.height = `${entry.measured || Number(data.height) || 600}px`;
  if (entry.revision !== data.revision) {  // a Streamlit-side change: tell the page
    entry.revision = data.revision;
    entry.pending = data.set;
    flush(entry);
  }
  return () => {
    entry.stop();
    mounts.delete(parentElement);
    entry.frame.remove();
  };
}
