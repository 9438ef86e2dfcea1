from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    upstream_url: str = "https://catalog.example.com/api"
    log_level: str = "info"

    class Config:
        env_file = ".env"


settings = Settings()
