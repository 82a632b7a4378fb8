# PowerShell pipes objects, not bytes: pipefail is a POSIX shell option.
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN Get-ChildItem C:\app | Remove-Item -Recurse
