using Bourse.ActiveSync.Codec;
using Bourse.Core.Model;

namespace Bourse.ActiveSync.Mapping;

internal static partial class ItemRenderer
{
    private static WbxmlElement RenderContact(Item item, ItemRenderOptions options) => throw new NotImplementedException();
    private static WbxmlElement RenderCalendar(Item item, ItemRenderOptions options) => throw new NotImplementedException();
    private static WbxmlElement RenderTask(Item item, ItemRenderOptions options) => throw new NotImplementedException();
    private static WbxmlElement RenderNote(Item item, ItemRenderOptions options) => throw new NotImplementedException();
}
