using System.Runtime.InteropServices;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using MimeKit;
using MimeKit.Utils;

namespace Bourse.Mailbox;

/// <summary>
/// Derives an item's property bag, recipient rows and attachments from RFC 5322/MIME bytes, the way Exchange's content
/// conversion does (MS-OXCMAIL 2.2). The original bytes travel unchanged in <see cref="NewItem.Mime"/>.
/// </summary>
public static partial class MimeItemMapper
{
    private static readonly ParserOptions LenientParser = CreateParserOptions();

    /// <summary>
    /// Maps <paramref name="mime"/> to a new item. Never throws for any input: whatever cannot be parsed is left out, and
    /// the item always has a message class, size, flags and the subject when one is readable. The returned item refers to
    /// <paramref name="mime"/> (no copy), which must stay unchanged until the item is stored.
    /// </summary>
    public static NewItem Map(ReadOnlyMemory<byte> mime, MimeMapOptions? options = null)
    {
        var ctx = new MimeMapContext(mime, options ?? MimeMapOptions.Default);
        try
        {
            MapBasics(ctx);
        }
        catch (Exception)
        {
            // Guarantee only; MapBasics works on raw bytes and is not expected to fail.
        }
        try
        {
            MapParsed(ctx);
        }
        catch (Exception)
        {
            // MS-OXCMAIL 2.4: conversion is best effort; a message MimeKit cannot parse keeps what was gathered.
        }
        try
        {
            FinishFlags(ctx);
        }
        catch (Exception)
        {
        }
        return ctx.ToNewItem();
    }

    /// <summary>What is known without a MIME parser: size, default class and flags, raw headers and a raw subject.</summary>
    private static void MapBasics(MimeMapContext ctx)
    {
        var bag = ctx.Properties;
        var span = ctx.Mime.Span;
        bag.Set(PropTags.MessageClass, MessageClasses.Note);
        bag.Set(PropTags.MessageSize, (int)Math.Min(int.MaxValue, ctx.Mime.Length));
        bag.Set(PropTags.Importance, 1);
        bag.Set(PropTags.Sensitivity, 0);
        bag.Set(PropTags.HasAttachments, false);
        bag.Set(PropTags.MessageFlags, (int)MessageFlags.Unmodified);

        var headerEnd = RawHeaders.FindHeaderEnd(span, out _);
        if (headerEnd > 0)
        {
            var headers = RawHeaders.Decode(span[..Math.Min(headerEnd, ctx.Options.MaxTransportHeaderChars)]);
            bag.Set(PropTags.TransportMessageHeaders, headers);
        }

        if (RawHeaders.GetValue(span, "Subject") is { } rawSubject)
        {
            var bytes = System.Text.Encoding.Latin1.GetBytes(rawSubject);
            string subject;
            try
            {
                // RFC 2047 encoded-words; a raw 8-bit subject (RFC 6532) is kept as decoded by RawHeaders.
                subject = rawSubject.Any(c => c > 0xFF) ? rawSubject : Rfc2047.DecodeText(LenientParser, bytes);
            }
            catch (Exception)
            {
                subject = rawSubject;
            }
            SetSubject(ctx, subject);
        }
    }

    private static void MapParsed(MimeMapContext ctx)
    {
        // A parser (its buffers, its event handlers) per thread, taken while in use: mapping an attached message on the
        // same thread finds none and makes its own.
        var parse = ThreadParse ?? new ParseState();
        ThreadParse = null;
        try
        {
            using var stream = AsStream(ctx.Mime);
            parse.Parser.SetStream(stream, MimeFormat.Entity, persistent: true);
            // Persistent: the parts read their content from the stream (the message bytes), never from the parser.
            var message = parse.Parser.ParseMessage();
            MapHeaders(ctx, message);
            MapContent(ctx, message, parse.Offsets);
        }
        finally
        {
            parse.Clear();
            ThreadParse = parse;
        }
    }

    [ThreadStatic]
    private static ParseState? ThreadParse;

    /// <summary>A MIME parser and where the messages it parsed (the message and any attached ones) begin and end.</summary>
    private sealed class ParseState
    {
        private readonly Dictionary<MimeMessage, long> _begins = new(ReferenceEqualityComparer.Instance);

        public ParseState()
        {
            Parser = new MimeParser(LenientParser, Stream.Null, MimeFormat.Entity, persistent: true);
            Parser.MimeMessageBegin += (_, e) => _begins[e.Message] = e.BeginOffset;
            Parser.MimeMessageEnd += (_, e) =>
            {
                if (_begins.TryGetValue(e.Message, out var b))
                    Offsets[e.Message] = (b, e.EndOffset);
            };
        }

        public MimeParser Parser { get; }

        public Dictionary<MimeMessage, (long Begin, long End)> Offsets { get; } = new(ReferenceEqualityComparer.Instance);

        public void Clear()
        {
            _begins.Clear();
            Offsets.Clear();
            // Let go of the last message's bytes.
            Parser.SetStream(Stream.Null, MimeFormat.Entity, persistent: true);
        }
    }

    private static void FinishFlags(MimeMapContext ctx)
    {
        var bag = ctx.Properties;
        var visible = ctx.Attachments.Exists(a => a.Properties.GetBoolean(PropTags.AttachmentHidden) != true);
        var hasAttachments = ctx.HasAttachments ?? visible;
        bag.Set(PropTags.HasAttachments, hasAttachments);
        var flags = (MessageFlags)(bag.GetInt32(PropTags.MessageFlags) ?? 0);
        flags = hasAttachments ? flags | MessageFlags.HasAttachments : flags & ~MessageFlags.HasAttachments;
        bag.Set(PropTags.MessageFlags, (int)flags);
    }

    private static Stream AsStream(ReadOnlyMemory<byte> mime) =>
        MemoryMarshal.TryGetArray(mime, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(mime.ToArray(), writable: false);

    private static ParserOptions CreateParserOptions()
    {
        // Legacy charsets (windows-125x, KOI8-R, ISO-2022-JP, GB2312 …) are common in mail and absent from .NET by default.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var o = ParserOptions.Default.Clone();
        o.AddressParserComplianceMode = RfcComplianceMode.Loose;
        o.ParameterComplianceMode = RfcComplianceMode.Loose;
        o.Rfc2047ComplianceMode = RfcComplianceMode.Loose;
        o.AllowAddressesWithoutDomain = true;
        o.AllowUnquotedCommasInAddresses = true;
        o.RespectContentLength = false;
        o.MaxMimeDepth = 64;
        return o;
    }
}
