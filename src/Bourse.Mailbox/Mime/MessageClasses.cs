namespace Bourse.Mailbox;

/// <summary>PidTagMessageClass values the mapper and submission produce (MS-OXOMSG 2.2.1, MS-OXOSMIME 2.1.3.1, MS-OXCMAIL 2.1.3.3.x).</summary>
public static class MessageClasses
{
    public const string Note = "IPM.Note";
    public const string SmimeOpaque = "IPM.Note.SMIME";
    public const string SmimeMultipartSigned = "IPM.Note.SMIME.MultipartSigned";
    public const string NonDeliveryReport = "REPORT.IPM.Note.NDR";
    public const string DeliveryReport = "REPORT.IPM.Note.DR";
    public const string DelayedReport = "REPORT.IPM.Note.Delayed";
    public const string ReadReceipt = "REPORT.IPM.Note.IPNRN";
    public const string NonReadReceipt = "REPORT.IPM.Note.IPNNRN";
}
