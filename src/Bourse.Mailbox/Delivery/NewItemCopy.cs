using Bourse.Core.Model;

namespace Bourse.Mailbox;

/// <summary>Deep copies of a mapped item, so one parse serves every recipient without sharing mutable bags.</summary>
internal static class NewItemCopy
{
    public static NewItem Clone(NewItem source, ReadOnlyMemory<byte>? mime = null)
    {
        var copy = new NewItem(source.Properties.Clone()) { Mime = mime ?? source.Mime, SearchText = source.SearchText };
        foreach (var r in source.Recipients)
            copy.Recipients.Add(new Recipient(r.Properties.Clone()));
        foreach (var a in source.Attachments)
            copy.Attachments.Add(new NewAttachment(a.Properties.Clone(), a.Content));
        return copy;
    }
}
