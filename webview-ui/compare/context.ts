// What every view of the panel shares: the data, the persisted UI choices, the theme and the way
// to talk to the host. Owned by app.ts, handed to the views.

import type { CompareModel } from './model';
import type { PersistedState, WebviewMessage } from './protocol';
import type { Theme } from './theme';

export interface PanelContext {
  readonly model: CompareModel;
  /** The persisted UI choices; views change fields, then call saveUi(). */
  readonly ui: PersistedState;
  readonly hidden: Set<string>;
  theme(): Theme;
  post(message: WebviewMessage): void;
  saveUi(): void;
  /** Hides or shows runs everywhere (legend, charts, tables, sweep views) and tells the host. */
  setRunsHidden(changes: ReadonlyMap<string, boolean>): void;
}
