using Bourse.ActiveSync.Codec;

namespace Bourse.ActiveSync.Tests.Fuzz;

/// <summary>
/// Shrinks a request that produced a finding while it still produces a finding of the same kind: element by element
/// while the body decodes (and texts to their first bytes), else byte ranges halving down to single bytes. Bounded by
/// a number of attempts; each attempt is sent to the live server.
/// </summary>
internal static class FuzzMinimizer
{
    internal static async Task<FuzzRequest> MinimizeAsync(FuzzRequest request, string kind, Func<FuzzRequest, Task<FuzzFinding?>> check, int attempts = 120)
    {
        var left = attempts;
        async Task<bool> StillFails(byte[] body) => --left >= 0 && (await check(request.WithBody(body)))?.Kind == kind;
        bool Exhausted() => left <= 0;

        var body = request.Body;
        if (WbxmlDecoder.Decode(body).Root is { } root)
            body = await ShrinkTreeAsync(FuzzNode.From(root), body, StillFails, Exhausted);
        body = await ShrinkBytesAsync(body, StillFails, Exhausted);
        return request.WithBody(body);
    }

    private static async Task<byte[]> ShrinkTreeAsync(FuzzNode root, byte[] current, Func<byte[], Task<bool>> stillFails, Func<bool> exhausted)
    {
        var progress = true;
        while (progress && !exhausted())
        {
            progress = false;
            foreach (var node in root.DescendantsAndSelf().Skip(1).ToList())
            {
                if (node.Parent is not { } parent)
                    continue;
                var index = parent.Children.IndexOf(node);
                node.Detach();
                var candidate = WbxmlEncoder.Encode(root.ToElement());
                if (await stillFails(candidate))
                {
                    current = candidate;
                    progress = true;
                }
                else
                {
                    parent.Insert(index, node);
                }
            }

            foreach (var node in root.DescendantsAndSelf().Where(n => n.Text is { Length: > 16 }).ToList())
            {
                var text = node.Text!;
                node.Text = text[..16];
                var candidate = WbxmlEncoder.Encode(root.ToElement());
                if (await stillFails(candidate))
                {
                    current = candidate;
                    progress = true;
                }
                else
                {
                    node.Text = text;
                }
            }
        }

        return current;
    }

    private static async Task<byte[]> ShrinkBytesAsync(byte[] current, Func<byte[], Task<bool>> stillFails, Func<bool> exhausted)
    {
        for (var chunk = Math.Max(1, current.Length / 2); chunk >= 1 && !exhausted(); chunk /= 2)
        {
            for (var start = 0; start + chunk <= current.Length && !exhausted();)
            {
                var candidate = current[..start].Concat(current[(start + chunk)..]).ToArray();
                if (await stillFails(candidate))
                    current = candidate;
                else
                    start += chunk;
            }

            if (chunk == 1)
                break;
        }

        return current;
    }
}
