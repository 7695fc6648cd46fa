// Undo and redo for the editor: snapshots of what the page edits. Edits
// that come in a burst (typing a caption) are one step: a snapshot is
// taken before the first edit of a burst, and the burst ends after a
// pause.

const BURST_MS = 800;
const DEPTH = 50;

/**
 * history keeps undo and redo stacks. snapshot() returns the state as a
 * string, restore(s) puts one back, onChange(canUndo, canRedo) updates
 * the buttons. record() is called after each edit is applied; the state
 * it pushes is the one from before the burst began.
 */
export function history(snapshot, restore, onChange) {
  let undo = [];
  let redo = [];
  let current = '';
  let burstTimer = 0;
  let inBurst = false;

  function tell() {
    onChange(undo.length > 0, redo.length > 0);
  }
  return {
    /** reset starts the history at the current state (after load). */
    reset() {
      undo = [];
      redo = [];
      current = snapshot();
      tell();
    },
    /** record notes an edit that was just applied. */
    record() {
      const now = snapshot();
      if (now === current) return;
      if (!inBurst) {
        undo.push(current);
        if (undo.length > DEPTH) undo.shift();
        redo = [];
      }
      inBurst = true;
      clearTimeout(burstTimer);
      burstTimer = setTimeout(() => { inBurst = false; }, BURST_MS);
      current = now;
      tell();
    },
    undo() {
      if (!undo.length) return;
      inBurst = false;
      redo.push(snapshot());
      current = undo.pop();
      restore(current);
      tell();
    },
    redo() {
      if (!redo.length) return;
      inBurst = false;
      undo.push(snapshot());
      current = redo.pop();
      restore(current);
      tell();
    },
  };
}
