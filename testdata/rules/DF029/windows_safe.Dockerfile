FROM mcr.microsoft.com/windows/servercore:ltsc2022
# Windows: cmd and signals work differently.
CMD C:\app\server.exe
