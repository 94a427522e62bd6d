using System.Text;
using System.Text.Json;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Owa.Api;
using Bourse.Owa.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bourse.Owa.Web;

/// <summary>
/// As the server starts, off the request path: reads the browser client's files and renders one made-up message through
/// the sanitizer and the JSON writer, so that the first user to open a message does not wait for the HTML parser's and
/// the serializer's first-use costs (about a second of start-up work on a small machine).
/// </summary>
internal sealed class OwaWarmUp(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() =>
        {
            _ = services.GetRequiredService<OwaWebClient>();
            var bag = new PropertyBag();
            bag.Set(PropTags.Subject, "Warm-up");
            bag.Set(PropTags.Html, Encoding.UTF8.GetBytes(
                "<html><head><style>p{margin:0}</style></head><body><table><tr><td style=\"color:#333\"><p>Hello <a href=\"https://example.com\">link</a>" +
                "<img src=\"https://example.com/a.png\"><img src=\"cid:x\"></p></td></tr></table></body></html>"));
            var item = new Item(new ItemId(1), new FolderId(1), 1, bag, [], [], hasMime: false, size: 0);
            var message = OwaMessageRenderer.Message(new MailboxId(Guid.Empty), item, allowImages: false);
            _ = JsonSerializer.SerializeToUtf8Bytes(message, OwaJson.Options);
        }, cancellationToken);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
