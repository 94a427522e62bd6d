// The mail part of the /owa/service API (docs/owa-api.md: Folders, Messages, Compose, People suggest).
import { api, seg, serviceUrl, upload, type UploadHandle } from '../api/client';
import { prefetch, takePrefetched } from '../api/prefetch';
import type {
  Attachment,
  CreateFolderRequest,
  Draft,
  Folder,
  FolderList,
  Message,
  MessageActionRequest,
  MessageActionResponse,
  MessageListQuery,
  MessageSummary,
  Page,
  ReplyMode,
  SearchQuery,
  SendResponse,
  SuggestResponse,
  UpdateFolderRequest,
  UpdateMessageRequest,
} from '../api/types';

export const mailApi = {
  folders: (signal?: AbortSignal) => api.get<FolderList>('/folders', undefined, signal).then((r) => r.folders),
  createFolder: (body: CreateFolderRequest) => api.post<Folder>('/folders', body),
  updateFolder: (id: string, body: UpdateFolderRequest) => api.patch<Folder>(`/folders/${seg(id)}`, body),
  deleteFolder: (id: string, permanent = false) =>
    api.del(`/folders/${seg(id)}`, permanent ? { permanent: true } : undefined),
  emptyFolder: (id: string) => api.post<void>(`/folders/${seg(id)}/empty`),

  messages: (folderId: string, q: MessageListQuery, signal?: AbortSignal) =>
    api.get<Page<MessageSummary>>(`/folders/${seg(folderId)}/messages`, { ...q }, signal),
  search: (q: SearchQuery, signal?: AbortSignal) => api.get<Page<MessageSummary>>('/search', { ...q }, signal),
  message: (id: string, allowImages: boolean, signal?: AbortSignal) =>
    api.get<Message>(`/messages/${seg(id)}`, allowImages ? { images: 'allow' } : undefined, signal),
  updateMessage: (id: string, body: UpdateMessageRequest) => api.patch<MessageSummary>(`/messages/${seg(id)}`, body),
  action: (body: MessageActionRequest) => api.post<MessageActionResponse>('/messages/actions', body),

  createDraft: (draft: Draft) => api.post<Message>('/drafts', draft),
  saveDraft: (id: string, draft: Draft) => api.put<Message>(`/drafts/${seg(id)}`, draft),
  reply: (id: string, mode: ReplyMode) => api.post<Message>(`/messages/${seg(id)}/reply`, { mode }),
  send: (id: string) => api.post<SendResponse>(`/drafts/${seg(id)}/send`),
  discard: (id: string) => api.del(`/drafts/${seg(id)}`),
  uploadAttachment: (
    draftId: string,
    file: File,
    onProgress: (sent: number, total: number) => void,
  ): UploadHandle<Attachment> => upload<Attachment>(`/drafts/${seg(draftId)}/attachments`, file, { name: file.name }, onProgress),
  removeAttachment: (draftId: string, attId: string) => api.del(`/drafts/${seg(draftId)}/attachments/${seg(attId)}`),

  suggest: (q: string, signal?: AbortSignal) =>
    api.get<SuggestResponse>('/people/suggest', { q }, signal).then((r) => r.items),
};

/** The URL of an attachment's bytes (for <img>, links and downloads). */
export function attachmentUrl(messageId: string, attId: string, download = false): string {
  return serviceUrl(`/messages/${seg(messageId)}/attachments/${seg(attId)}`, download ? { download: 1 } : undefined);
}

const messageKey = (id: string) => 'mail:message:' + id;

/** Starts loading a message the user is about to open (mouse button down on its row). */
export function prefetchMessage(id: string): void {
  prefetch(messageKey(id), () => mailApi.message(id, false));
}

/** The message, from a prefetch started moments ago if there is one (remote images blocked), else from the API. */
export function loadMessage(id: string, allowImages: boolean, signal?: AbortSignal): Promise<Message> {
  const pre = allowImages ? undefined : takePrefetched<Message>(messageKey(id), 5000);
  return pre ?? mailApi.message(id, allowImages, signal);
}
