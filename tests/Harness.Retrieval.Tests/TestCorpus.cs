using Harness.Core.Data;

namespace Harness.Retrieval.Tests;

/// <summary>A small corpus of distinct topics, one passage per line, for retrieval tests.</summary>
internal static class TestCorpus
{
    private static readonly string[][] _documents =
    [
        [
            "Coronaviruses are enveloped RNA viruses that infect birds and mammals.",
            "The spike protein binds the ACE2 receptor on human cells. Binding triggers membrane fusion.",
            "Incubation lasts about five days. Most patients develop fever and a dry cough.",
        ],
        [
            "Influenza spreads every winter in temperate climates.",
            "Vaccines against influenza are updated each year because the virus drifts antigenically.",
            "Oseltamivir shortens the illness when given within two days of symptom onset.",
        ],
        [
            "Malaria is transmitted by the bite of infected Anopheles mosquitoes.",
            "Plasmodium falciparum causes the most severe form of the disease.",
            "Bed nets treated with insecticide reduce transmission in endemic regions.",
        ],
        [
            "Tuberculosis is caused by Mycobacterium tuberculosis and usually attacks the lungs.",
            "Treatment combines several antibiotics for at least six months.",
            "The BCG vaccine protects children against severe forms of tuberculosis.",
        ],
    ];

    public static Corpus Create()
    {
        var documents = new List<Document>();
        var passages = new List<Passage>();
        for (var d = 0; d < _documents.Length; d++)
        {
            var id = $"doc{d}";
            var text = string.Join("\n", _documents[d]);
            documents.Add(new Document(id, text));
            var offset = 0;
            for (var p = 0; p < _documents[d].Length; p++)
            {
                var line = _documents[d][p];
                passages.Add(new Passage($"{id}-p{p}", id, offset, offset + line.Length, line));
                offset += line.Length + 1;
            }
        }
        return new Corpus(documents, passages);
    }
}
