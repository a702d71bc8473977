import { defineBackground } from 'wxt/utils/define-background';
import { modelHandlers, registerChatPort } from '@/utils/ai/register';
import { localCheckHandlers, registerLocalChecker } from '@/utils/local-check/register';
import { registerMessageHandlers } from '@/utils/protocol';
import { registerOnboarding } from '@/utils/onboarding';
import { broadcastConfigChanges, siteHandlers } from '@/utils/sites';
import { restrictStorageToExtensionPages } from '@/utils/storage-access';

export default defineBackground(() => {
  void restrictStorageToExtensionPages();
  registerMessageHandlers({ ...modelHandlers, ...siteHandlers, ...localCheckHandlers });
  registerChatPort();
  registerOnboarding();
  registerLocalChecker();
  broadcastConfigChanges();
});
