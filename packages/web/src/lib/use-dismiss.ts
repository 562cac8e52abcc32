import { useEffect, type RefObject } from 'react';

/** Closes an open popup (menu, panel) on Escape or on a mouse press outside `box`. */
export function useDismiss(open: boolean, setOpen: (open: boolean) => void, box: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (!open) return;
    const onEvent = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !box.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onEvent);
    document.addEventListener('keydown', onEvent);
    return () => {
      document.removeEventListener('mousedown', onEvent);
      document.removeEventListener('keydown', onEvent);
    };
  }, [open, setOpen, box]);
}
