import type { ReactElement } from 'react';
import {
  DeleteRegular,
  DraftsRegular,
  FolderRegular,
  MailArrowUpRegular,
  MailInboxRegular,
  MailProhibitedRegular,
  SendRegular,
} from '@fluentui/react-icons';
import type { Folder } from '../api/types';

export function folderIcon(f: Folder): ReactElement {
  switch (f.wellKnown) {
    case 'inbox':
      return <MailInboxRegular />;
    case 'drafts':
      return <DraftsRegular />;
    case 'sentitems':
      return <SendRegular />;
    case 'deleteditems':
      return <DeleteRegular />;
    case 'junkemail':
      return <MailProhibitedRegular />;
    case 'outbox':
      return <MailArrowUpRegular />;
    default:
      return <FolderRegular />;
  }
}

/** Drafts show how many there are; other folders how many are unread (as Outlook does). */
export function folderBadgeCount(f: Folder): number {
  return f.wellKnown === 'drafts' ? f.totalCount : f.unreadCount;
}
