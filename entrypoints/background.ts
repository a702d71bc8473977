import { defineBackground } from 'wxt/utils/define-background';
import {
  modelHandlers,
  registerChatPort,
  registerCheckPort,
  registerRewritePort,
  spend,
} from '@/utils/ai/register';
import { registerSpendingBadge } from '@/utils/ai/spend-badge';
import { RewriteGrants } from '@/utils/ai/rewrite-grants';
import { registerContextMenu } from '@/utils/context-menu';
import {
  checkLocally,
  languagesOfTexts,
  localCheckHandlers,
  registerLocalChecker,
} from '@/utils/local-check/register';
import { registerMessageHandlers } from '@/utils/messaging/router';
import { registerOnboarding } from '@/utils/onboarding';
import { registerWordSync } from '@/utils/rules/word-sync-service';
import { broadcastConfigChanges, siteHandlers } from '@/utils/sites';
import { secureStoredKey } from '@/utils/ai/key';

export default defineBackground(() => {
  // Content scripts shut out of storage.local, or (Firefox) the key moved where they cannot reach.
  void secureStoredKey();
  // Menu clicks and the shortcut issue grants; the rewrite port runs only with one.
  const grants = new RewriteGrants();
  registerMessageHandlers({ ...modelHandlers, ...siteHandlers, ...localCheckHandlers });
  registerCheckPort(checkLocally, languagesOfTexts);
  registerRewritePort(grants);
  registerChatPort();
  registerSpendingBadge(spend);
  registerContextMenu(grants);
  registerOnboarding();
  registerLocalChecker();
  broadcastConfigChanges();
  registerWordSync();
});
