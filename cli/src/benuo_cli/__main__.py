from benuo_cli.main import app

app()
