FROM python:3.12-slim
RUN pip install --no-cache-dir --index-url https://pypi.example.com/simple flask  # want: DF015
RUN pip3 install --no-cache-dir -r requirements.txt gunicorn 'requests>=2.31'  # want: DF015
RUN python3 -m pip install --no-cache-dir --upgrade pip  # want: DF015
RUN sudo -H pip install --no-cache-dir -i https://pypi.example.com/simple "uvicorn[standard]"  # want: DF015
RUN pipx install black  # want: DF015
RUN pip install --no-cache-dir git+https://github.com/example/tool.git#egg=tool  # want: DF015
