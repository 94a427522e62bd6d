// Types for the JSON API under /owa/service (docs/owa-api.md is the contract; keep the two in step).
// Ids are opaque strings; times are ISO 8601 UTC strings ("2026-11-27T09:00:00Z"); dates are "YYYY-MM-DD".

/** An opaque id (StoreIds: URL-safe base64). */
export type Id = string;
/** ISO 8601 UTC time, e.g. "2026-11-27T09:00:00Z". */
export type IsoTime = string;
/** A calendar date, "YYYY-MM-DD". */
export type IsoDate = string;

// ---- Errors ---------------------------------------------------------------------------------------------------------

export type ApiErrorCode =
  | 'BadRequest'
  | 'InvalidId'
  | 'InvalidValue'
  | 'Forbidden'
  | 'CanaryMissing'
  | 'NotFound'
  | 'Conflict'
  | 'AlreadyExists'
  | 'WellKnownFolder'
  | 'TooLarge'
  | 'QuotaExceeded'
  | 'NoRecipients'
  | 'WrongPassword'
  | 'WeakPassword'
  // Codes the client makes up itself when there is no JSON error body.
  | 'SessionExpired'
  | 'NetworkError'
  | 'HttpError'
  | (string & {});

/** The body of every error answer: `{"error":{"code":"NotFound","message":"The item doesn't exist."}}`. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string };
}

/** A page of a longer list. */
export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
}

// ---- Session --------------------------------------------------------------------------------------------------------

export interface Session {
  displayName: string;
  address: string;
  /** IANA time zone, e.g. "Europe/Paris". */
  timeZone: string;
  signatureHtml: string;
  autoAddSignature: boolean;
  domain: string;
}

// ---- Folders --------------------------------------------------------------------------------------------------------

export type WellKnownFolder =
  | 'inbox'
  | 'drafts'
  | 'sentitems'
  | 'deleteditems'
  | 'outbox'
  | 'junkemail'
  | 'calendar'
  | 'contacts'
  | 'tasks'
  | 'notes'
  | 'journal';

export type FolderKind = 'mail' | 'calendar' | 'contacts' | 'tasks' | 'notes' | 'journal';

export interface Folder {
  id: Id;
  /** null at the top of the IPM subtree. */
  parentId: Id | null;
  name: string;
  wellKnown: WellKnownFolder | null;
  kind: FolderKind;
  unreadCount: number;
  totalCount: number;
  hasChildren: boolean;
}

export interface FolderList {
  folders: Folder[];
}

export interface CreateFolderRequest {
  parentId: Id | null;
  name: string;
}

export interface UpdateFolderRequest {
  name?: string;
  parentId?: Id | null;
}

// ---- Messages -------------------------------------------------------------------------------------------------------

export interface Address {
  name: string;
  address: string;
}

export type FlagStatus = 'none' | 'flagged' | 'complete';
export type Importance = 'low' | 'normal' | 'high';
export type MessageSort = 'received' | 'from' | 'subject' | 'size' | 'flag';
export type SortOrder = 'desc' | 'asc';
export type MessageFilter = 'all' | 'unread' | 'flagged';

export interface MessageSummary {
  id: Id;
  folderId: Id;
  subject: string;
  from: Address | null;
  receivedUtc: IsoTime;
  isRead: boolean;
  flag: FlagStatus;
  importance: Importance;
  hasAttachments: boolean;
  size: number;
  preview: string;
}

export interface Attachment {
  /** The attachment number, as a string. */
  id: string;
  name: string;
  contentType: string;
  size: number;
  isInline: boolean;
  contentId: string | null;
}

export interface Message extends MessageSummary {
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
  sentUtc: IsoTime | null;
  /** Always sanitized by the server. */
  bodyHtml: string;
  bodyText: string;
  /** Count of remote images removed (0 with images=allow). */
  blockedImages: number;
  attachments: Attachment[];
  internetMessageId: string | null;
  isDraft: boolean;
}

export interface MessageListQuery {
  offset?: number;
  limit?: number;
  sort?: MessageSort;
  order?: SortOrder;
  filter?: MessageFilter;
}

export interface UpdateMessageRequest {
  isRead?: boolean;
  flag?: FlagStatus;
}

export type MessageAction =
  | 'move'
  | 'copy'
  | 'delete'
  | 'junk'
  | 'notJunk'
  | 'markRead'
  | 'markUnread'
  | 'flag'
  | 'unflag'
  | 'complete';

export interface MessageActionRequest {
  action: MessageAction;
  ids: Id[];
  folderId?: Id;
  permanent?: boolean;
}

export interface MessageActionResult {
  id: Id;
  ok: boolean;
  newId?: Id;
  error?: string;
}

export interface MessageActionResponse {
  results: MessageActionResult[];
}

export interface SearchQuery {
  q?: string;
  from?: string;
  after?: IsoDate;
  before?: IsoDate;
  folderId?: Id;
  offset?: number;
  limit?: number;
}

// ---- Compose --------------------------------------------------------------------------------------------------------

export interface Draft {
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  bodyHtml: string;
  importance?: Importance;
}

export type ReplyMode = 'reply' | 'replyAll' | 'forward';

export interface ReplyRequest {
  mode: ReplyMode;
}

export interface SendResponse {
  sentId: Id | null;
}

// ---- People ---------------------------------------------------------------------------------------------------------

export interface Suggestion {
  name: string;
  address: string;
  source: 'directory' | 'contacts';
}

export interface SuggestResponse {
  items: Suggestion[];
}

export interface DirectoryEntry {
  name: string;
  address: string;
  kind: 'user' | 'group' | 'room';
  title: string;
  department: string;
  office: string;
  phone: string;
}

export interface DirectoryPage {
  items: DirectoryEntry[];
  total: number;
}

export interface Contact {
  id: Id;
  folderId: Id;
  displayName: string;
  givenName: string;
  surname: string;
  company: string;
  jobTitle: string;
  department: string;
  /** At most 3. */
  emails: string[];
  businessPhone: string;
  mobilePhone: string;
  homePhone: string;
  street: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  birthday: IsoDate | null;
  notes: string;
}

/** The body of POST /contacts and PUT /contacts/{id}: a contact without its id (folderId optional; default Contacts). */
export type ContactInput = Omit<Contact, 'id' | 'folderId'> & { folderId?: Id | null };

export interface ContactPage {
  items: Contact[];
  total: number;
}

// ---- Calendar -------------------------------------------------------------------------------------------------------

export type ShowAs = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere';

export interface Occurrence {
  /** The item id. */
  id: Id;
  /** null for a single (non-recurring) event. */
  occurrenceStartUtc: IsoTime | null;
  subject: string;
  startUtc: IsoTime;
  endUtc: IsoTime;
  isAllDay: boolean;
  location: string;
  showAs: ShowAs;
  isRecurring: boolean;
  /** null = no reminder. */
  reminderMinutes: number | null;
  organizer: Address | null;
}

export interface OccurrenceList {
  events: Occurrence[];
}

export type DayOfWeek = 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';
export type RecurrenceType = 'daily' | 'weekly' | 'monthly' | 'monthlyNth' | 'yearly' | 'yearlyNth';

export interface Recurrence {
  type: RecurrenceType;
  interval: number;
  daysOfWeek: DayOfWeek[];
  dayOfMonth: number | null;
  /** 1–5, 5 = last. */
  weekOfMonth: number | null;
  monthOfYear: number | null;
  until: IsoDate | null;
  count: number | null;
}

export type AttendeeType = 'required' | 'optional' | 'resource';

export interface Attendee {
  name: string;
  address: string;
  type: AttendeeType;
}

export interface CalendarEvent {
  id: Id;
  folderId: Id;
  subject: string;
  startUtc: IsoTime;
  endUtc: IsoTime;
  isAllDay: boolean;
  location: string;
  bodyHtml: string;
  /** IANA time zone. */
  timeZone: string;
  showAs: ShowAs;
  reminderMinutes: number | null;
  recurrence: Recurrence | null;
  attendees: Attendee[];
  organizer: Address | null;
}

/** The body of POST /calendar/events and PUT /calendar/events/{id}. */
export type CalendarEventInput = Omit<CalendarEvent, 'id' | 'organizer' | 'folderId'> & {
  folderId?: Id | null;
};

export interface EventRangeQuery {
  start: IsoTime;
  end: IsoTime;
  folderId?: Id;
}

export interface Reminder {
  id: Id;
  subject: string;
  startUtc: IsoTime;
  reminderUtc: IsoTime;
  location: string;
}

export interface ReminderList {
  items: Reminder[];
}

export interface SnoozeRequest {
  minutes: number;
}

// ---- Settings -------------------------------------------------------------------------------------------------------

export type OofState = 'disabled' | 'enabled' | 'scheduled';
export type OofAudience = 'none' | 'known' | 'all';

export interface OofSettings {
  state: OofState;
  startUtc: IsoTime | null;
  endUtc: IsoTime | null;
  internalReply: string;
  externalReply: string;
  externalAudience: OofAudience;
}

export interface MailSettings {
  signatureHtml: string;
  autoAddSignature: boolean;
  /** IANA time zone; an unknown one is 400. */
  timeZone: string;
}

export type DeviceAccess = 'allowed' | 'blocked' | 'quarantined';
export type DeviceWipe = 'none' | 'pending' | 'accountOnlyPending' | 'wiped' | (string & {});

export interface Device {
  deviceId: string;
  deviceType: string;
  model: string;
  os: string;
  userAgent: string;
  protocolVersion: string;
  firstSyncUtc: IsoTime | null;
  lastSyncUtc: IsoTime | null;
  access: DeviceAccess;
  wipe: DeviceWipe;
}

export interface DeviceList {
  items: Device[];
}

export interface WipeRequest {
  accountOnly: boolean;
  cancel: boolean;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

// ---- Live updates ---------------------------------------------------------------------------------------------------

/** `event: change` on GET /owa/service/events. */
export interface ChangeEvent {
  changeNumber: number;
  /** Ids of the folders whose content changed. */
  folders: Id[];
  /** True when the folder hierarchy changed (folders created, renamed, moved, deleted). */
  hierarchy: boolean;
}
