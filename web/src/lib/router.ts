// History-API routing. Routes are OpenList's: /@login, /@manage/…, anything else is a file path.
import { basePath, encodePath } from "./api";
import { store, update } from "./store";

function current() {
  let p = location.pathname;
  try {
    p = decodeURIComponent(p);
  } catch {
    /* a malformed %-sequence: keep the raw path */
  }
  if (basePath && p.startsWith(basePath)) p = p.slice(basePath.length);
  return { path: p || "/", search: location.search };
}

export function syncRoute() {
  const { path, search } = current();
  update({ path, search });
}

export function navigate(to: string, replace = false) {
  const [p, q] = to.split("?");
  const url = basePath + encodePath(p) + (q ? "?" + q : "");
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  syncRoute();
  window.scrollTo(0, 0);
}

export const queryParam = (name: string) => new URLSearchParams(store.search).get(name);

export function href(to: string) {
  return basePath + encodePath(to);
}

/** onClick handler for <a href> links that keeps normal middle-click/ctrl-click behaviour. */
export function linkClick(to: string) {
  return (e: MouseEvent) => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
}

addEventListener("popstate", syncRoute);
