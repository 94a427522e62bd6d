namespace Bourse.Mailbox;
