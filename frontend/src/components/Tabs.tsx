import { useRef, type KeyboardEvent, type ReactNode } from "react";

export interface TabSpec<T extends string> {
  key: T;
  label: string;
}

export function tabId(prefix: string, key: string): string {
  return `${prefix}-tab-${key}`;
}

export function panelId(prefix: string, key: string): string {
  return `${prefix}-panel-${key}`;
}

/**
 * A WAI-ARIA tab list: one tab stop, arrow keys (and Home/End) move between tabs and select them.
 */
export function Tabs<T extends string>({
  tabs,
  selected,
  onSelect,
  label,
  idPrefix,
}: {
  tabs: ReadonlyArray<TabSpec<T>>;
  selected: T;
  onSelect: (key: T) => void;
  label: string;
  idPrefix: string;
}) {
  const refs = useRef(new Map<string, HTMLButtonElement>());

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    let next: number | null = null;
    if (event.key === "ArrowRight") next = (index + 1) % tabs.length;
    else if (event.key === "ArrowLeft")
      next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = tabs.length - 1;
    if (next === null) return;
    event.preventDefault();
    const key = tabs[next].key;
    onSelect(key);
    refs.current.get(key)?.focus();
  }

  return (
    <div role="tablist" aria-label={label} className="tabs">
      {tabs.map((tab, index) => {
        const isSelected = tab.key === selected;
        return (
          <button
            key={tab.key}
            ref={(el) => {
              if (el) refs.current.set(tab.key, el);
              else refs.current.delete(tab.key);
            }}
            type="button"
            role="tab"
            id={tabId(idPrefix, tab.key)}
            aria-selected={isSelected}
            aria-controls={panelId(idPrefix, tab.key)}
            tabIndex={isSelected ? 0 : -1}
            className={isSelected ? "tab tab-selected" : "tab"}
            onClick={() => onSelect(tab.key)}
            onKeyDown={(e) => onKeyDown(e, index)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}

export function TabPanel({
  idPrefix,
  tabKey,
  hidden,
  children,
}: {
  idPrefix: string;
  tabKey: string;
  hidden: boolean;
  children: ReactNode;
}) {
  return (
    <div
      role="tabpanel"
      id={panelId(idPrefix, tabKey)}
      aria-labelledby={tabId(idPrefix, tabKey)}
      hidden={hidden}
      tabIndex={0}
      className="tab-panel"
    >
      {children}
    </div>
  );
}
