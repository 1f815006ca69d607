print("auteur")
