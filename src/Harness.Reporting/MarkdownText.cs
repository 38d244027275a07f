using System.Text;

namespace Harness.Reporting;

/// <summary>
/// Encodes untrusted text (model output, dataset text, names) for a GitHub-flavoured Markdown table
/// cell: it stays one line, cannot close the cell or start code, links, emphasis or HTML.
/// </summary>
public static class MarkdownText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '|': builder.Append("&#124;"); break;
                case '\r': break;
                case '\n': builder.Append(' '); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '(' or ')' or '#' or '!' or '~' or '$':
                    builder.Append('\\').Append(c);
                    break;
                default:
                    builder.Append(char.IsControl(c) ? ' ' : c);
                    break;
            }
        }
        return builder.ToString();
    }
}
