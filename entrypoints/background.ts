import { defineBackground } from 'wxt/utils/define-background';
import { limiter, modelHandlers, registerChatPort, registerCheckPort } from '@/utils/ai/register';
import { modelContext } from '@/utils/ai/model-context';
import { registerRewritePort } from '@/utils/ai/rewrite';
import { recordUsage } from '@/utils/ai/usage-recorder';
import { registerContextMenu } from '@/utils/context-menu';
import { localCheckHandlers, registerLocalChecker } from '@/utils/local-check/register';
import { registerMessageHandlers } from '@/utils/protocol';
import { registerOnboarding } from '@/utils/onboarding';
import { broadcastConfigChanges, siteHandlers } from '@/utils/sites';
import { restrictStorageToExtensionPages } from '@/utils/storage-access';

export default defineBackground(() => {
  void restrictStorageToExtensionPages();
  registerMessageHandlers({ ...modelHandlers, ...siteHandlers, ...localCheckHandlers });
  registerChatPort();
  registerRewritePort({ modelContext, limiter, recordUsage });
  registerContextMenu();
  registerCheckPort();
  registerOnboarding();
  registerLocalChecker();
  broadcastConfigChanges();
});
