// React binding for the headless SDK: `getSnapshot()` returns the same object until something
// changes and `subscribe()` returns its unsubscribe function, exactly what useSyncExternalStore needs.
import { useSyncExternalStore } from "react";
import type { Tessera, TesseraSnapshot } from "tessera";

export function useTessera(tessera: Tessera): TesseraSnapshot {
  return useSyncExternalStore((onChange) => tessera.subscribe(onChange), () => tessera.getSnapshot());
}

// Usage: const { auth, user } = useTessera(tessera); if (!auth.isSignedIn) return <SignInPage />;
