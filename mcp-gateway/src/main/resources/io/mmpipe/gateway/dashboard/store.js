// The page's memory, every part capped: a dashboard left open for days on a busy gateway does not grow. The browser
// test imports this module in the page and checks each cap.
"use strict";

/** The newest {@code max} items, oldest first. */
export class Kept {
  constructor(max) { this.max = max; this.items = []; }
  push(x) {
    this.items.push(x);
    if (this.items.length > this.max) this.items.shift();
  }
  /** The newest items matching, newest first, at most {@code limit}. */
  newest(matches, limit) {
    const out = [];
    for (let i = this.items.length - 1; i >= 0 && out.length < limit; i--) {
      if (matches(this.items[i])) out.push(this.items[i]);
    }
    return out;
  }
}

/** Puts {@code node} first in {@code list} and drops the oldest past {@code max}. */
export function prepend(list, node, max) {
  list.insertBefore(node, list.firstChild);
  while (list.children.length > max) list.removeChild(list.lastChild);
}

/**
 * Adds a choice to a filter's select once; at most {@code max} besides the first ("all"). A known value's label is
 * updated (a channel id becomes its ~name once a post named it).
 */
export function offer(select, value, label, max) {
  if (!value) return;
  const existing = [...select.options].find(o => o.value === value);
  if (existing) { if (existing.textContent !== label) existing.textContent = label; return; }
  if (select.options.length - 1 >= max) return;
  const o = document.createElement("option");
  o.value = value;
  o.textContent = label;
  select.appendChild(o);
}

/** Remembers {@code key → value} unless the map already holds {@code max} other keys. */
export function remember(map, key, value, max) {
  if (map.has(key) || map.size < max) map.set(key, value);
}
