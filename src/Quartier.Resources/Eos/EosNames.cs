namespace Quartier.Resources.Eos;

/// <summary>Field names for EOS result JSON.</summary>
public enum EosNames
{
    /// <summary>EOS's historic German names (<c>Gesamtbilanz_Euro</c>, <c>Last_Wh_pro_Stunde</c>, …), as EOS stores results.</summary>
    German,

    /// <summary>EOS's current English names (<c>total_balance</c>, <c>load_wh_per_hour</c>, …).</summary>
    English,
}
