# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
WORKDIR app  # want: DF026
WORKDIR C:\app
WORKDIR C:/tools
WORKDIR \data
WORKDIR logs
CMD ["app.exe"]
