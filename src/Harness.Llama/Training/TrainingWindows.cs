namespace Harness.Llama.Training;

/// <summary>
/// Token windows for next-token training, each starting where a text starts: a window is BOS (when the
/// model uses one) followed by whole texts in order until it is full, its labels the same tokens shifted
/// by one; the next window starts at the text the last one cut. Prompts at inference start with BOS and
/// then the start of a text, so that is what every window shows the model (windows that start mid-text
/// teach it that anything follows BOS, and a short prompt then continues with noise). A text longer than a
/// window is cut into window-sized pieces; the tail that cannot fill a last window is not trained on. A
/// seeded permutation holds out a share of the windows for the validation loss; the rest are trained on in
/// an order reshuffled every epoch.
/// </summary>
public sealed class TrainingWindows
{
    private readonly List<int[]> _windows;
    private readonly int[] _train;
    private readonly Random _order;

    private TrainingWindows(List<int[]> windows, int context, int[] train, int[] validation, int seed)
    {
        _windows = windows;
        Context = context;
        _train = train;
        Validation = validation;
        _order = new Random(seed);
    }

    /// <summary>Tokens per window.</summary>
    public int Context { get; }

    public int TrainCount => _train.Length;

    public int ValidationCount => Validation.Count;

    /// <summary>The held-out windows (indexes for <see cref="CopyWindow"/>).</summary>
    public IReadOnlyList<int> Validation { get; }

    /// <summary>
    /// Windows over <paramref name="texts"/> (each a text's tokens, its end marked as the caller wants), led by
    /// <paramref name="bos"/> when given; throws when they do not fill one training and one validation window.
    /// </summary>
    public static TrainingWindows Create(IReadOnlyList<int[]> texts, int context, double validationShare, int seed, int? bos = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfLessThan(context, bos is null ? 1 : 2);
        if (validationShare is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(validationShare), validationShare, "the validation share must be above 0 and below 1");
        }
        var windows = Pack(Pieces(texts, bos is null ? context : context - 1), context, bos);
        if (windows.Count < 2)
        {
            throw new TrainingDataException(
                $"the training data has {texts.Sum(t => t.Length)} tokens, which fill {windows.Count} window(s) of {context} tokens; training needs two (one to train on, one to validate) - add data or lower 'context'");
        }
        var held = Math.Clamp((int)Math.Round(windows.Count * validationShare, MidpointRounding.AwayFromZero), 1, windows.Count - 1);
        var indexes = Enumerable.Range(0, windows.Count).ToArray();
        new Random(seed).Shuffle(indexes);
        return new TrainingWindows(windows, context, indexes[held..], [.. indexes[..held].Order()], seed);
    }

    /// <summary>The order of the training windows for the next epoch; each call reshuffles.</summary>
    public int[] NextEpochOrder()
    {
        var order = (int[])_train.Clone();
        _order.Shuffle(order);
        return order;
    }

    /// <summary>Writes window <paramref name="index"/> into <paramref name="inputs"/> and the tokens that follow each into <paramref name="labels"/>.</summary>
    public void CopyWindow(int index, Span<int> inputs, Span<int> labels)
    {
        var window = _windows[index];
        window.AsSpan(0, Context).CopyTo(inputs);
        window.AsSpan(1, Context).CopyTo(labels);
    }

    /// <summary>Texts longer than a window's room cut into pieces that fit it.</summary>
    private static List<int[]> Pieces(IReadOnlyList<int[]> texts, int room)
    {
        var pieces = new List<int[]>();
        foreach (var text in texts.Where(t => t.Length > 0))
        {
            for (var start = 0; start < text.Length; start += room)
            {
                pieces.Add(text[start..Math.Min(text.Length, start + room)]);
            }
        }
        return pieces;
    }

    /// <summary>Each window is context + 1 tokens (inputs, then one more label): BOS, then pieces from a piece start.</summary>
    private static List<int[]> Pack(List<int[]> pieces, int context, int? bos)
    {
        var windows = new List<int[]>();
        var first = 0;
        while (first < pieces.Count)
        {
            var window = new List<int>(context + 1);
            if (bos is { } token)
            {
                window.Add(token);
            }
            var next = first;
            while (next < pieces.Count && window.Count < context + 1)
            {
                window.AddRange(pieces[next]);
                next++;
            }
            if (window.Count < context + 1)
            {
                break; // the tail cannot fill a window
            }
            windows.Add([.. window.Take(context + 1)]);
            // The next window starts at the piece this one cut (or the one after, when nothing was cut).
            var cut = window.Count > context + 1 ? next - 1 : next;
            first = cut > first ? cut : first + 1;
        }
        return windows;
    }
}
