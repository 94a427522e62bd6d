using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

/// The simple Notes elements (MS-ASNOTE 2.2.2) and their properties (MS-OXONOTE); LastModifiedDate is MS-ASDTYPE dateTime.
internal static class NoteFields
{
    private const string Ns = "Notes";

    internal static readonly EasField Subject = new(Ns, "Subject", PropTags.Subject, EasFieldType.Text);

    internal static readonly EasField MessageClass = new(Ns, "MessageClass", PropTags.MessageClass, EasFieldType.Text);

    internal static readonly EasField LastModifiedDate = new(Ns, "LastModifiedDate", PropTags.LastModificationTime, EasFieldType.Date);

    /// Fields a Change deletes when absent; the message class and modification time stay.
    internal static readonly EasField[] Deletable = [Subject];
}
