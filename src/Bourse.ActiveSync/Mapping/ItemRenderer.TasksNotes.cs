using Bourse.ActiveSync.Codec;
using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

internal static partial class ItemRenderer
{
    /// MS-ASTASK 2.2.2: a task — the simple fields of TaskFields, categories, recurrence and body.
    private static WbxmlElement RenderTask(Item item, ItemRenderOptions options)
    {
        var bag = item.Properties;
        var app = NewApplicationData();
        foreach (var field in TaskFields.All)
        {
            if (field == TaskFields.Complete)
            {
                // MS-ASTASK Complete is required: 0 when the task was never completed.
                AddBool(app, "Tasks", "Complete", bag.GetBoolean(NamedProps.TaskComplete) ?? (bag.GetInt32(NamedProps.TaskStatus) == 2));
                continue;
            }

            AddField(app, bag, field, options.Version);
        }

        if (Categories(bag, "Tasks", emptyWhenNone: false) is { } categories)
        {
            app.Add(categories);
        }

        if (RecurrenceMapping.Render(bag, task: true, options.Version) is { } recurrence)
        {
            app.Add(recurrence);
        }

        app.Add(BodyRenderer.Render(bag, options));
        return app;
    }

    /// MS-ASNOTE 2.2.2: a note — Subject, Body, MessageClass, LastModifiedDate, Categories.
    private static WbxmlElement RenderNote(Item item, ItemRenderOptions options)
    {
        var bag = item.Properties;
        var app = NewApplicationData();
        AddField(app, bag, NoteFields.Subject, options.Version);
        app.Add(BodyRenderer.Render(bag, options));
        AddText(app, "Notes", "MessageClass", item.MessageClass);
        AddDate(app, "Notes", "LastModifiedDate", bag.GetDateTime(PropTags.LastModificationTime) ?? bag.GetDateTime(PropTags.CreationTime));
        if (Categories(bag, "Notes", emptyWhenNone: false) is { } categories)
        {
            app.Add(categories);
        }

        return app;
    }
}
