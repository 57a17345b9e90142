Console.WriteLine(Quartier.Cossmic.CossmicInfo.Description);
