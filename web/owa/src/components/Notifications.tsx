// Toast notifications for the whole page ("Moved 3 items", errors). App mounts <AppToaster/> once.
import { useCallback } from 'react';
import { Toast, Toaster, ToastTitle, useId, useToastController, type ToastIntent } from '@fluentui/react-components';

const TOASTER_ID = 'owa-toaster';

export function AppToaster() {
  return <Toaster toasterId={TOASTER_ID} position="bottom" limit={3} />;
}

/** notify('Message sent') or notify(errorMessage(e), 'error'). */
export function useNotify(): (message: string, intent?: ToastIntent) => void {
  const { dispatchToast } = useToastController(TOASTER_ID);
  const id = useId('toast');
  return useCallback(
    (message: string, intent: ToastIntent = 'info') =>
      dispatchToast(
        <Toast>
          <ToastTitle>{message}</ToastTitle>
        </Toast>,
        { intent, timeout: intent === 'error' ? 8000 : 4000, toastId: `${id}-${Date.now()}` },
      ),
    [dispatchToast, id],
  );
}
